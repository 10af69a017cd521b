"""The explorer in a web browser: ``timeline serve``, built on ``textual-serve``.

The server runs one explorer process per browser tab (``python -m tui --served FILE``)
and relays its screen to the page over a WebSocket. It serves our own page
(``templates/index.html``, ``assets/``) and textual-serve's scripts and fonts, all from
itself: the page loads nothing from anywhere else. See :mod:`tui.serve.server`.
"""
