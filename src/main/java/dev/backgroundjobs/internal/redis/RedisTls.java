package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.config.InvalidConfigurationException;
import dev.backgroundjobs.internal.config.RedisSettings;
import dev.backgroundjobs.internal.config.TlsSettings;
import redis.clients.jedis.DefaultJedisClientConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The socket factory and parameters of a {@code rediss://} connection, built from {@link TlsSettings}: the CAs
 * trusted, the client certificate shown (mutual TLS), and host name verification. A file that cannot be used is an
 * {@link InvalidConfigurationException} naming its key; no message holds a password.
 */
public final class RedisTls {

    /** The algorithms a PKCS#8 key may be of, tried in turn (the PEM text does not say which). */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");
    private static final Pattern PKCS8_PEM = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final SSLSocketFactory socketFactory;
    private final SSLParameters parameters;

    private RedisTls(SSLContext context, boolean verifyHost) {
        this.socketFactory = context.getSocketFactory();
        this.parameters = context.getDefaultSSLParameters();
        // Without an identification algorithm JSSE checks the chain but not whom the certificate names.
        parameters.setEndpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
    }

    /** Makes {@code clientConfig} speak TLS as {@code redis} says, when its URL is {@code rediss://}. */
    public static void configure(DefaultJedisClientConfig.Builder clientConfig, RedisSettings redis) {
        if (redis.tls()) {
            RedisTls tls = of(redis.tlsSettings());
            clientConfig.ssl(true).sslSocketFactory(tls.socketFactory).sslParameters(tls.parameters);
        }
    }

    /** Reads the TLS files of a {@code rediss://} configuration, so that one that cannot be used fails the deployment. */
    public static void check(RedisSettings redis) {
        if (redis.tls()) {
            of(redis.tlsSettings());
        }
    }

    /** @throws InvalidConfigurationException when a file of {@code settings} cannot be used, naming its key */
    public static RedisTls of(TlsSettings settings) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(settings), trustManagers(settings), null);
            return new RedisTls(context, settings.verifyHost());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS to Redis cannot be set up in this JVM: " + e.getMessage(), e);
        }
    }

    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    public SSLParameters parameters() {
        return parameters;
    }

    private static TrustManager[] trustManagers(TlsSettings settings) throws GeneralSecurityException {
        if (settings.caFile().isEmpty() && settings.truststore().isEmpty()) {
            return null; // the JVM's default CAs
        }
        KeyStore trusted = emptyStore();
        if (settings.caFile().isPresent()) {
            Path file = settings.caFile().get();
            Collection<? extends Certificate> certificates = certificates(ConfigKeys.REDIS_TLS_CA_FILE, file);
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-file-" + n++, certificate);
            }
        }
        if (settings.truststore().isPresent()) {
            KeyStore store = load(ConfigKeys.REDIS_TLS_TRUSTSTORE, settings.truststore().get(), settings.truststoreType(),
                    settings.truststorePassword());
            int trustedBefore = trusted.size();
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate != null) {
                    trusted.setCertificateEntry("truststore-" + alias, certificate);
                }
            }
            if (trusted.size() == trustedBefore) {
                throw unusable(ConfigKeys.REDIS_TLS_TRUSTSTORE, settings.truststore().get(), "it holds no certificate");
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(TlsSettings settings) throws GeneralSecurityException {
        KeyStore keys;
        char[] password;
        if (settings.keystore().isPresent()) {
            password = settings.keystorePassword().toCharArray();
            keys = load(ConfigKeys.REDIS_TLS_KEYSTORE, settings.keystore().get(), settings.keystoreType(),
                    settings.keystorePassword());
            if (!hasKey(keys)) {
                throw unusable(ConfigKeys.REDIS_TLS_KEYSTORE, settings.keystore().get(), "it holds no private key");
            }
        } else if (settings.certFile().isPresent() && settings.keyFile().isPresent()) {
            // An in-memory store only: its password protects nothing and is never written anywhere.
            password = new char[0];
            keys = emptyStore();
            List<Certificate> chain = List.copyOf(certificates(ConfigKeys.REDIS_TLS_CERT_FILE, settings.certFile().get()));
            PrivateKey key = privateKey(settings.keyFile().get());
            keys.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
        } else {
            return null; // no client certificate
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(keys, password);
        } catch (GeneralSecurityException e) {
            if (settings.keystore().isEmpty()) {
                throw e;
            }
            throw unusable(ConfigKeys.REDIS_TLS_KEYSTORE, settings.keystore().get(),
                    "its private key does not open with " + ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD);
        }
        return factory.getKeyManagers();
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static Collection<? extends Certificate> certificates(String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw unusable(key, file, "it holds no PEM or DER X.509 certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw unusable(key, file, "it cannot be read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw unusable(key, file, "it is not a PEM or DER X.509 certificate (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String key = ConfigKeys.REDIS_TLS_KEY_FILE;
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw unusable(key, file, "it cannot be read as PEM text (" + e.getMessage() + ")");
        }
        Matcher matcher = PKCS8_PEM.matcher(pem);
        if (!matcher.find()) {
            throw unusable(key, file, "it is not an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert"
                    + " it with openssl pkcs8 -topk8 -nocrypt, or use " + ConfigKeys.REDIS_TLS_KEYSTORE + " for a key"
                    + " with a passphrase");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw unusable(key, file, "its PEM body is not Base64");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw unusable(key, file, "its key is none of " + String.join(", ", KEY_ALGORITHMS));
    }

    private static KeyStore load(String key, Path file, String type, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" or names the format it expected; never the password.
            throw unusable(key, file, "it does not open as a " + type + " key store with its password ("
                    + e.getMessage() + ")");
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(ConfigKeys.DEFAULT_KEYSTORE_TYPE);
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty in-memory key store cannot be made", e);
        }
        return store;
    }

    private static InvalidConfigurationException unusable(String key, Path file, String reason) {
        return new InvalidConfigurationException(List.of(Messages.tlsFileUnusable(key, file, reason)));
    }
}
