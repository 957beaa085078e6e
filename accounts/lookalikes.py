"""Characters that look like a Latin letter or digit, for reading a name as the eye does.

Generated (once, by hand; regenerate the same way when it needs to grow) from the Unicode
Consortium's confusables data (UTS #39, confusables.txt, as shipped in the PyPI package
confusable-homoglyphs 3.3.1's confusables.json): every single character outside ASCII that
the data lists as a look-alike of one ASCII letter or digit, less those that NFKC
normalisation plus casefolding already read as that letter (accounts.models reads names
through NFKC first: mathematical bold and full-width letters need no entry here). The
data has no entry for Latin small capitals ("ᴍᴏᴅᴇʀᴀᴛᴏʀ"), so every character named
"LATIN LETTER SMALL CAPITAL <X>" is added as <x>.

Only single characters are read: the data's pairs such as "rn" for "m" would also turn
ordinary names ("Bernard") into others. ASCII stand-ins (leet digits, "@", "$", "|") are
in accounts.models beside the rule that uses them.
"""

# The ASCII letter or digit each string's characters stand in for.
LOOKALIKES_OF = {
    "2": "ƧϨᒿꙄꛯꝚ",
    "3": "ƷȜЗӠⳌꝪꞫ𑣊𖼻𝈆",
    "4": "Ꮞ𑢯",
    "5": "Ƽ𑢻",
    "6": "бᏮⳒ𑣕",
    "7": "𐓒𑣆𝈒",
    "8": "Ȣȣ৪੪\u0b03𐌚",
    "9": "৭੧୨൭ⳊꝮ𑢬𑣌𑣖",
    "A": "ΑАᎪᗅꓮ𐊠𖽀𝚨𝛢𝜜𝝖𝞐",
    "B": "ΒВᏴᗷꓐꞴ𐊂𐊡𐌁𝚩𝛣𝜝𝝗𝞑",
    "C": "ϹСᏟⲤꓚ𐊢𐌂𐐕𐔜𑣩𑣲🝌",
    "D": "Ꭰᗞᗪꓓ",
    "E": "ΕЕᎬ⋿ⴹꓰ𐊆𑢦𑢮𝚬𝛦𝜠𝝚𝞔",
    "F": "ϜᖴꓝꞘ𐊇𐊥𐔥𑢢𑣂𝈓𝟊",
    "G": "ԌᏀᏳꓖ",
    "H": "ΗНᎻᕼⲎꓧ𐋏𝚮𝛨𝜢𝝜𝞖",
    "J": "ͿЈᎫᒍꓙꞲ",
    "K": "ΚКᏦᛕⲔꓗ𐔘𝚱𝛫𝜥𝝟𝞙",
    "L": "ᏞᒪⳐꓡ𐐛𐔦𑢣𑢲𖼖𝈪",
    "M": "ΜϺМᎷᗰᛖⲘꓟ𐊰𐌑𝚳𝛭𝜧𝝡𝞛",
    "N": "ΝⲚꓠ𐔓𝚴𝛮𝜨𝝢𝞜",
    "O": "ΟОՕ০ଠ୦ዐⲞⵔ〇ꓳ𐊒𐊫𐐄𐓂𐔖𑓐𑢵𑣠𝚶𝛰𝜪𝝤𝞞𝟎𝟘𝟢𝟬𝟶🯰",
    "P": "ΡРᏢᑭⲢꓑ𐊕𝚸𝛲𝜬𝝦𝞠",
    "Q": "ⵕ",
    "R": "ƦᎡᏒᖇꓣ𐒴𖼵𝈖",
    "S": "ЅՏᏕᏚꓢ𐊖𐐠𖼺",
    "T": "ΤТᎢ⊤⟙Ⲧꓔ𐊗𐊱𐌕𑢼𖼊𝚻𝛵𝜯𝝩𝞣🝨",
    "U": "Սሀᑌ∪⋃ꓴ𐓎𑢸𖽂",
    "V": "Ѵ۷Ꮩᐯⴸꓦꛟ𐔝𑢠𖼈𝈍",
    "W": "ԜᎳᏔꓪ𑣦𑣯",
    "X": "ΧХ᙭ᚷ╳ⲬⵝꓫꞳ𐊐𐊴𐌗𐌢𐔧𑣬𝚾𝛸𝜲𝝬𝞦",
    "Y": "ΥϒУҮᎩᎽⲨꓬ𐊲𑢤𖽃𝚼𝛶𝜰𝝪𝞤",
    "Z": "ΖᏃꓜ𐋵𑢩𑣥𝚭𝛧𝜡𝝛𝞕",
    "a": "ɑαаᴀ⍺𝛂𝛼𝜶𝝰𝞪",
    "b": "ƄʙЬᏏᑲᖯ",
    "c": "ϲсᴄⲥꮯ𐐽",
    "d": "ԁᏧᑯᴅꓒ",
    "e": "еҽᴇ℮ꬲ",
    "f": "ſքẝꜰꞙꬵ",
    "g": "ƍɡɢցᶃ",
    "h": "ʜһհᏂ",
    "i": "ıɩɪ˛ͺιіӏᎥι⍳ꙇꭵ𑣃𝚤𝛊𝜄𝜾𝝸𝞲",
    "j": "ϳјᴊ",
    "k": "ᴋ",
    "l": "ƖǀʟΙІӀ۱ᛁℐℑⅠ∣⏽ⲒⵏꓲＩ￨𐊊𐌉𐌠𖼨𝐈𝐼𝑰𝓘𝕀𝕴𝖨𝗜𝘐𝙄𝙸𝚰𝛪𝜤𝝞𝞘𝟏𝟙𝟣𝟭𝟷🯱",
    "m": "ᴍ",
    "n": "ɴոռ",
    "o": "οσоօ۵०੦૦௦\u0c02౦\u0c82೦\u0d02ഠ൦\u0d82๐໐ဝ၀ჿᴏᴑⲟꬽ𐐬𐓪𑣈𑣗𝛐𝛔𝜊𝜎𝝄𝝈𝝾𝞂𝞸𝞼",
    "p": "ρϱрᴘ⍴ⲣ𝛒𝛠𝜌𝜚𝝆𝝔𝞀𝞎𝞺𝟈",
    "q": "ԛգզꞯ",
    "r": "ʀгᴦⲅꭇꭈꮁ",
    "s": "ƽѕꜱꮪ𐑈𑣁",
    "t": "ᴛ",
    "u": "ʋυսᴜꞟꭎꭒ𐓶𑣘𝛖𝜐𝝊𝞄𝞾",
    "v": "νѵᴠ∨⋁ꮩ𑜆𑣀𝛎𝜈𝝂𝝼𝞶",
    "w": "ɯѡԝաᴡꮃ𑜊𑜎𑜏",
    "x": "×хᕁᕽ\u166e⤫⤬⨯",
    "y": "ɣʏγуүყᶌỿℽꭚ𑣜𝛄𝛾𝜸𝝲𝞬",
    "z": "ᴢꮓ𑣄",
}

# For str.translate: each look-alike to its ASCII letter or digit.
TABLE = str.maketrans(
    {character: letter for letter, characters in LOOKALIKES_OF.items() for character in characters}
)
