"""Compilation: the nodes a workflow body declares (``Node``, its metadata and overrides), the
state that collects them (``CompilationState``) and the DNS-safe names they get (``dnsify``)."""
