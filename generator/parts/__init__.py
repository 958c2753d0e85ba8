"""The parts a world is assembled from, each adding entities with seed rows, tools and task candidates."""
