package org.estuary.profile.control;

import jakarta.json.Json;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.profile.entity.CertificatePolicy;

/** Throw-away keys, CSRs and certificate policies for the policy tests. Keys are made once per kind. */
final class TestCsrs {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private TestCsrs() {
    }

    /** A policy from JSON written with ' for ", so that rows stay readable. */
    static CertificatePolicy policy(String json) {
        return CertificatePolicy.fromJson(Json.createReader(new StringReader(json.replace('\'', '"'))).readObject());
    }

    /** Keys of a kind: {@code RSA-2048}, {@code EC-P-256}, {@code EC-secp256k1}, {@code Ed25519}, {@code Ed448}. */
    static KeyPair keys(String kind) {
        return KEYS.computeIfAbsent(kind, TestCsrs::generate);
    }

    private static KeyPair generate(String kind) {
        try {
            String algorithm = kind.substring(0, kind.indexOf('-') < 0 ? kind.length() : kind.indexOf('-'));
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
            if (algorithm.equals("RSA")) {
                generator.initialize(Integer.parseInt(kind.substring(4)));
            } else if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec(kind.substring(3)));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException unexpected) {
            throw new IllegalStateException("cannot make " + kind + " keys", unexpected);
        }
    }

    static Request request() {
        return new Request();
    }

    /** A CSR to build: by default CN=device-1 with an EC P-256 key, signed with the usual SHA-256 signature. */
    static final class Request {

        private X500Name subject = new X500Name("CN=device-1");
        private KeyPair keys = keys("EC-P-256");
        private String signature;
        private final List<GeneralName> names = new ArrayList<>();
        private final List<KeyPurposeId> usages = new ArrayList<>();
        private final List<Map.Entry<ASN1ObjectIdentifier, ASN1Encodable>> attributes = new ArrayList<>();

        Request subject(String name) {
            subject = new X500Name(name);
            return this;
        }

        /** A subject as given, well-formed or not (Bouncy Castle reads its RDNs only when asked). */
        Request subject(X500Name name) {
            subject = name;
            return this;
        }

        Request key(String kind) {
            keys = keys(kind);
            return this;
        }

        /** A JCA signature name such as {@code SHA1withRSA} or {@code SHA384withRSAandMGF1} (RSASSA-PSS). */
        Request signedWith(String algorithm) {
            signature = algorithm;
            return this;
        }

        Request san(int tag, String name) {
            return san(new GeneralName(tag, name));
        }

        Request san(GeneralName name) {
            names.add(name);
            return this;
        }

        Request eku(KeyPurposeId usage) {
            usages.add(usage);
            return this;
        }

        Request attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
            attributes.add(Map.entry(type, value));
            return this;
        }

        SubjectPublicKeyInfo publicKey() {
            return SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        }

        PKCS10CertificationRequest build() {
            try {
                JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject,
                        keys.getPublic());
                if (!names.isEmpty() || !usages.isEmpty()) {
                    ExtensionsGenerator extensions = new ExtensionsGenerator();
                    if (!names.isEmpty()) {
                        extensions.addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(names.toArray(GeneralName[]::new)));
                    }
                    if (!usages.isEmpty()) {
                        extensions.addExtension(Extension.extendedKeyUsage, false,
                                new ExtendedKeyUsage(usages.toArray(KeyPurposeId[]::new)));
                    }
                    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
                }
                attributes.forEach(attribute -> builder.addAttribute(attribute.getKey(), attribute.getValue()));
                return builder.build(new JcaContentSignerBuilder(signatureAlgorithm()).setProvider(BC)
                        .build(keys.getPrivate()));
            } catch (Exception unexpected) {
                throw new IllegalStateException("cannot build the CSR", unexpected);
            }
        }

        private String signatureAlgorithm() {
            if (signature != null) {
                return signature;
            }
            return switch (keys.getPublic().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC", "ECDSA" -> "SHA256withECDSA";
                default -> keys.getPublic().getAlgorithm();
            };
        }

        @Override
        public String toString() {
            return subject + " " + keys.getPublic().getAlgorithm();
        }
    }
}
