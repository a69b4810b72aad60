"""The desktop window: widgets only; every letter decision is made by the core modules."""
