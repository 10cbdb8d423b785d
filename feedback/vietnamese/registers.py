"""Words of the chat register that are not Vietnamese syllables as written: abbreviations, teen code, loanwords.

Readers write Vietnamese the way they chat: `cmt dạo`, `ib mình nhé`, `hok bít nữa`, `clip này hay ghê`. These
words carry no diacritics by design, so they are evidence neither of toneless typing nor of a foreign text,
and the check leaves them out of both counts. A marked syllable beside them still counts for Vietnamese.

Add a word here when readers use it daily and it is not itself an everyday Vietnamese syllable: `hong` (hỏng,
hồng) stays out, `hot` goes in because `hót`/`hột` are far rarer in comments than the loan, and `nha` goes in
because the particle is written bare far more often in comments than `nhà` is stripped. Lower case only.
"""

# Teen code and chat abbreviations only Vietnamese writers use (the reference's table, section 8, and what the
# everyday split showed): không, được, gì, với, mình, bạn, rồi, cũng, như thế nào, người yêu, chồng/vợ, admin,
# inbox, comment, reply, số điện thoại, Facebook, ví dụ, mọi người; thui = thôi, wá = quá, z = vậy, iu = yêu,
# zui = vui, thik = thích, tr = trời, ns = nói, lm = làm, đt = điện thoại, kb = kết bạn, ae = anh em, ak/uk =
# à/ừ, nha = nhé (written bare in the South). Nobody writing English or French writes these, so they are
# evidence of a Vietnamese reader even without a mark.
TEEN_CODE = frozenset(
    "ko k kh khg hk hok khum kô đc dc dk j vs mk mik bn r cx ntn ny ck vk ad ib cmt rep sđt sdt đt dt fb vd mn"
    " mng tks kk kkk hix hic thui wá z zui zị thik tr ns lm kb ae ak uk ukm bh trc ms nx tl bt cmnr iu nha".split()
)
# Chat words shared with English: Vietnamese readers write them, and so does everyone else.
INTERNATIONAL_CHAT = frozenset("ok oke okie okela okay thanks thank thx pls plz lol haha hihi hehe huhu".split())

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

CHAT_WORDS = TEEN_CODE | INTERNATIONAL_CHAT | LOANWORDS
