"""Agreement data files (one JSON document per agreement version), read by the engine loader."""
