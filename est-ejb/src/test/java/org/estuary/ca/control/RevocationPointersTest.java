package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationPointersTest {

    @Test
    void theCrlAndOcspUrlsOfAnIssuerLieUnderTheBaseUrlWithOrWithoutItsTrailingSlash() {
        RevocationPointers pointers = RevocationPointers.under(URI.create("https://pki.example.net/estuary/"), "iss-local");

        assertEquals(URI.create("https://pki.example.net/estuary/.well-known/pki/crls/iss-local.crl"), pointers.crl());
        assertEquals(URI.create("https://pki.example.net/estuary/.well-known/pki/ocsp/iss-local"), pointers.ocsp());
        assertEquals(pointers, RevocationPointers.under(URI.create("https://pki.example.net/estuary"), "iss-local"));
    }

    @Test
    void anUnsetOrBlankBaseUrlMeansNoPointers() {
        assertEquals(Optional.empty(), RevocationPointers.baseUrl(Optional.empty()));
        assertEquals(Optional.empty(), RevocationPointers.baseUrl(Optional.of("  ")));
        assertEquals(Optional.of(URI.create("http://localhost:8080")),
                RevocationPointers.baseUrl(Optional.of("http://localhost:8080")));
    }

    @Test
    void aBaseUrlThatIsNotAnAbsoluteHttpUrlIsRefusedNamingTheKey() {
        for (String bad : new String[] {"localhost:8080", "ftp://pki.example.net", "/pki", "http://", "http://h/?q=1",
            "http://h/#f", "http://us:pw@h/", "http://bad host/"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RevocationPointers.baseUrl(Optional.of(bad)), bad);
            assertTrue(refused.getMessage().startsWith("est.public-base-url (EST_PUBLIC_BASE_URL) must be"), refused.getMessage());
        }
    }
}
