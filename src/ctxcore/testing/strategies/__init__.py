"""Hypothesis strategies for every record, one module an area: ``execution`` (ids, states,
parameters), ``compilation`` (resources, nodes, states), ``context`` (contexts, builders, output
metadata), ``serialization`` (images, settings) and ``config``. Import them from
``ctxcore.testing``."""
