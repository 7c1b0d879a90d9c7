// A software UKey for the browser, loaded into the page by ukey.e2e.ts: WebCrypto makes an ECDSA P-256 key pair
// whose private key cannot be exported, a PKCS#10 certification request (RFC 2986) for it, and signatures over the
// Hub's challenges. It stands in for a hardware UKey's middleware; nothing here is part of the designer bundle.
(() => {
  const subtle = globalThis.crypto.subtle;

  // DER (X.690): a tag, a definite length, the content.
  function der(tag, ...parts) {
    const content = concat(parts);
    const n = content.length;
    const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return concat([Uint8Array.of(tag, ...length), content]);
  }

  function concat(parts) {
    const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  // An unsigned big-endian number as a DER INTEGER: no superfluous leading zeros, a zero added when the top bit is set.
  function integer(bytes) {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.slice(start);
    return der(0x02, trimmed[0] & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed);
  }

  const base64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const unbase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const ecdsaSha256 = { name: 'ECDSA', hash: 'SHA-256' };
  // 1.2.840.10045.4.3.2 ecdsa-with-SHA256 (RFC 5758 §3.2: parameters absent); 2.5.4.3 commonName.
  const ecdsaWithSha256 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
  const commonName = Uint8Array.of(0x06, 0x03, 0x55, 0x04, 0x03);

  let keys = null;

  globalThis.softwareUKey = {
    /** Makes the key pair and returns a base64 DER PKCS#10 request for it, signed with it. */
    async certificationRequest(name) {
      keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
      const subject = der(0x30, der(0x31, der(0x30, commonName, der(0x0c, new TextEncoder().encode(name)))));
      const info = der(0x30, der(0x02, Uint8Array.of(0)), subject, spki, Uint8Array.of(0xa0, 0x00));
      // WebCrypto gives r||s (IEEE P1363); a certification request carries ECDSA-Sig-Value, a DER SEQUENCE (RFC 3279 §2.2.3).
      const rs = new Uint8Array(await subtle.sign(ecdsaSha256, keys.privateKey, info));
      const signature = der(0x30, integer(rs.slice(0, 32)), integer(rs.slice(32)));
      return base64(der(0x30, info, der(0x30, ecdsaWithSha256), der(0x03, Uint8Array.of(0), signature)));
    },

    /** Signs the Hub's challenge bytes (base64) and returns the r||s signature, base64, as WebCrypto makes it. */
    async sign(toBeSigned) {
      if (!keys) throw new Error('no key yet: call certificationRequest first');
      return base64(new Uint8Array(await subtle.sign(ecdsaSha256, keys.privateKey, unbase64(toBeSigned))));
    },

    /** True when the private key cannot leave the browser (WebCrypto extractable = false). */
    privateKeyStaysHere() {
      return keys !== null && keys.privateKey.extractable === false;
    },
  };
})();
