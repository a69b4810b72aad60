"""The mail merge: rows read from a CSV or workbook (table), mapped and planned (plan), merged (engine), safe file names (names), the report (report)."""
