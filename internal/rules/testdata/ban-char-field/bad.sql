-- Blank-padded character types.
CREATE TABLE countries (
    code char(2) PRIMARY KEY, -- want "ban-char-field: column \"code\" of \"countries\" is char\(2\): values are blank-padded to the length and trailing spaces are ignored in comparisons; use text \(with a CHECK on the length\) or varchar"
    flag character, -- want "ban-char-field: column \"flag\" of \"countries\" is char\(1\)"
    legacy bpchar -- want "ban-char-field: column \"legacy\" of \"countries\" is bpchar"
);
ALTER TABLE orders ADD COLUMN currency character(3); -- want "ban-char-field: column \"currency\" of \"orders\" is char\(3\)"
ALTER TABLE orders ALTER COLUMN status TYPE char(1)[]; -- want "ban-char-field: column \"status\" of \"orders\" is char\(1\)\[\]"
