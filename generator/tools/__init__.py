"""Tool builders: each adds a tool to a world and returns the name tasks call it by."""
