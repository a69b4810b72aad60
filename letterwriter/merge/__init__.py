"""Mail merge input and output: reading spreadsheets, mapping columns, safe names, reports."""
