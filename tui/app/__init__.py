"""The interactive explorer (Textual). Build it with :func:`tui.app.factory.make_app`.

Nothing is imported here, so ``import tui.app.rows`` (pure Python) stays cheap.
"""
