"""Rewrite a parsed module by the tables: the walk, the per-construct rewrites, the imports."""
