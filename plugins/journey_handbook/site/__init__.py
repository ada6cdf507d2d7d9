"""Turn the resolved model into Markdown pages (`pages.render_site`): path -> text.

URLs and anchors (`urls`), shared pieces (`components`, `markup`), diagrams and
downloads. Knows nothing of MkDocs; imports only `data` and `git`.
"""
