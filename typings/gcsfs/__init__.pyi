# Hand-written stubs for the parts of gcsfs that the tests use (gcsfs ships no types).
# At run time this is gcsfs.extended_gcsfs.ExtendedGcsFileSystem (a subclass of the core class)
# unless GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT was false when gcsfs was imported.
from gcsfs.core import GCSFileSystem as GCSFileSystem
