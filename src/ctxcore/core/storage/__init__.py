"""Storage, decided purely: the path rules of file access, the storage options each object
store is opened with, and the retry policy of remote calls."""
