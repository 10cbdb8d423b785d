"""Reader attachments: checking an upload, cleaning images, and keeping the bytes."""
from .inspect import AttachmentPolicy, CheckedUpload, Upload, check_upload
from .local import LocalStorage, new_key
from .storage import StagedFile, Storage, StoredFile, TooLarge

__all__ = ["AttachmentPolicy", "CheckedUpload", "LocalStorage", "StagedFile", "Storage", "StoredFile", "TooLarge",
           "Upload", "check_upload", "new_key"]
