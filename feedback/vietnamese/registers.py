"""Words of the chat register that are not Vietnamese syllables as written: abbreviations, teen code, loanwords.

Readers write Vietnamese the way they chat: `cmt dạo`, `ib mình nhé`, `hok bít nữa`, `clip này hay ghê`. These
words carry no diacritics by design, so they are evidence neither of toneless typing nor of a foreign text,
and the check leaves them out of both counts. A marked syllable beside them still counts for Vietnamese.

Add a word here when readers use it daily and it is not itself an everyday Vietnamese syllable: `hong` (hỏng,
hồng) stays out, `hot` goes in because `hót`/`hột` are far rarer in comments than the loan. Lower case only.
"""

# Chat abbreviations and teen code (the reference's table, section 8, and what the everyday split showed):
# không, được, gì, với, mình, bạn, rồi, cũng, như thế nào, người yêu, chồng/vợ, admin, inbox, comment, số điện
# thoại, Facebook, ví dụ, mọi người, thanks, please, laughter; thui = thôi, wá = quá, z = vậy, iu = yêu, zui =
# vui, thik = thích, tr = trời, ns = nói, lm = làm, đt = điện thoại, kb = kết bạn, ae = anh em, ak/uk = à/ừ.
CHAT_ABBREVIATIONS = frozenset(
    "ok oke okie okela okay ko k kh khg hk hok khum kô đc dc dk j vs mk mik bn r cx ntn ny ck vk ad ib inbox cmt"
    " rep sđt sdt đt dt fb vd mn mng tks thanks thank thx pls plz lol haha hihi hehe huhu kk kkk hix hic"
    " thui wá z zui zị thik tr ns lm kb ae ak uk ukm bh trc ms nx tl bt cmnr"
    " iu".split()
)

# Loanwords comments use as Vietnamese words, mostly from English: media and social networks, shopping,
# work and leisure. In a foreign text they are foreign words too, which the language detector still sees.
LOANWORDS = frozenset(
    "clip video link like share face page post comment follow fan idol live livestream stream online offline"
    " app game shop ship shipper order review trend hot voucher sale combo deadline stress team trip grab"
    " taxi check feedback view tiktok youtube youtuber facebook zalo admin file pdf lag wifi gym remix poster"
    " fake cover test email mail laptop camera selfie style show event vlog blog blogger drama series tour"
    " spa menu top hit level pro noob fanpage story status tag block spam virus internet website web"
    " mobile iphone smartphone phone sim".split()
)

CHAT_WORDS = CHAT_ABBREVIATIONS | LOANWORDS
