"""JSON Schema: loading a user's schema, checking values against it, explaining each failure, and
inferring one."""
