"""The imperative shell: the context stack and everything that performs effects."""
