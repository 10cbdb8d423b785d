"""Keeping spam and abuse out of the editors' way: bot traps, blocklist, word lists, flags, IP retention."""
from .blocklist import BlocklistError, Sender, add_block, find_block, list_blocks, remove_block
from .flags import Flag, describe
from .guard import AbusePolicy, BotSignals, Submission, Verdict, screen_comment
from .retention import purge_ip_addresses
from .traps import form_age, issue_form_token
from .wordlists import WordListError, list_entries, replace_words

__all__ = [
    "AbusePolicy",
    "BlocklistError",
    "BotSignals",
    "Flag",
    "Sender",
    "Submission",
    "Verdict",
    "WordListError",
    "add_block",
    "describe",
    "find_block",
    "form_age",
    "issue_form_token",
    "list_blocks",
    "list_entries",
    "purge_ip_addresses",
    "remove_block",
    "replace_words",
    "screen_comment",
]
