"""Importing members: read a file (``sources``, ``kbo``), validate each row (``validation``),
write in one transaction (``engine``, ``writer``), keep the batch (``batches``) and report
(``report``); ``uploads`` caps what the browser may send.

``validation`` and ``sources`` are plain Python: the worker processes that validate large files
import them without Django, so this package imports nothing itself.
"""
