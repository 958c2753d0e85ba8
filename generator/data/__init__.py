"""Fixed word lists and catalogs the generator draws seed data from."""
