"""Journey Handbook: customer journey maps as YAML in git, published as a handbook.

The core (loader -> model -> pages) knows nothing of MkDocs; `plugin` adapts it.
"""
