"""Import of the spreadsheets jobcentres keep today (README, "Importing a team's spreadsheet"): read a
file, guess which column holds what, check every row, then write it all in one transaction or
nothing at all."""
