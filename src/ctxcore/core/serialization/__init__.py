"""Serialization: the settings a task container is built and run with
(``SerializationSettings``), its images, its JSON form and the ``_F_SS_C`` transport."""
