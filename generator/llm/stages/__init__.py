"""The synthesis stages, one module each, in pipeline order: scenarios, tasks, schema, seed, tools, solutions."""
