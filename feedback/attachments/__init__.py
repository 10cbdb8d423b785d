"""Reader attachments: checking an upload and keeping its bytes."""
from .inspect import AttachmentPolicy, Upload, check_upload
from .local import LocalStorage, new_key
from .storage import StagedFile, Storage, TooLarge

__all__ = ["AttachmentPolicy", "LocalStorage", "StagedFile", "Storage", "TooLarge", "Upload", "check_upload", "new_key"]
