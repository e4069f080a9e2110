"""What kind of file arrived: the signatures and names intake goes by."""

PDF_MAGIC = b"%PDF-"  # within a PDF's first kilobyte (some writers put bytes before it)
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff"})
