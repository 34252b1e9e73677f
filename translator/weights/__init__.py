"""Weight conversion: read a torch checkpoint, rename by the weight map, write the target's format."""
