"""Exports for the monthly meeting: the ledger as CSV and Excel, the monthly report, and reading an edited ledger back.

Nothing heavy is imported here: openpyxl and rich load inside the functions that use them.
"""
