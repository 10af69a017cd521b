"""The core: model, loading, validation, zones and queries. Never imports Textual."""
