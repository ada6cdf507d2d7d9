"""What a change does to the handbook, what depends on an item, exports and scaffolds.

Built on the model and, where it compares pages, on `site`; used by the CLI.
"""
