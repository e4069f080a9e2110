"""tcc-kunjungan: the visit SOP of the Tarakan Command Center as a document pipeline."""

__version__ = "0.1.0"
