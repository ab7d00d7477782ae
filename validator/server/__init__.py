"""`fmlint server`: the language server."""
