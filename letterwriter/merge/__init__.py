"""The mail merge: rows read (table), mapped and planned (plan), merged (engine), named (names), reported."""
