"""Read, validate and resolve a handbook's data folder into the model (`loader.load_handbook`).

The lowest layer: it imports nothing else from the package, and knows no page or URL.
"""
