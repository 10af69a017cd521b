"""Reading calendars into event mappings of the file format (``docs/format.md``).

* :mod:`.source` checks a file before any parser sees it (size, UTF-8, structure) and
  knows the line of every component;
* :mod:`.tzids` turns a calendar's TZIDs (IANA, Windows, Mozilla paths, Outlook's custom
  VTIMEZONEs) into IANA zones;
* :mod:`.reader` turns VEVENTs, recurrences expanded, into event mappings;
* :mod:`.records` holds what every importer shares: the result, cleaned text and time
  values the loader reads exactly as meant;
* :mod:`.document` writes the result as a whole event file, validated by the loader.

CSV is read by :mod:`tui.core.csvin` into the same result.
"""
