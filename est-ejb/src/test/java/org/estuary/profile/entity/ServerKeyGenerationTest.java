package org.estuary.profile.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.estuary.ca.entity.KeyDescription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerKeyGenerationTest {

    @ParameterizedTest
    @EnumSource(ServerKeyGeneration.class)
    void eachGeneratesTheKeyItDescribes(ServerKeyGeneration generation) {
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(
                generation.generate(new BouncyCastleProvider()).getPublic().getEncoded());

        assertEquals(generation.description(), KeyDescription.of(key));
        assertEquals(generation, ServerKeyGeneration.of(generation.name().replace('_', '-').toLowerCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DSA-1024", "EC-P521", "RSA-1024", ""})
    void otherKeysAreNotOffered(String configured) {
        assertThrows(IllegalArgumentException.class, () -> ServerKeyGeneration.of(configured));
    }
}
