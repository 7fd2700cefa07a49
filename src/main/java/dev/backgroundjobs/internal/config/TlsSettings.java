package dev.backgroundjobs.internal.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@code rediss://} connection trusts and shows: CA certificates (a PEM file and/or a trust store; neither
 * means the JVM's default trust), optionally a client certificate for mutual TLS (a PEM certificate and key, or a
 * key store), and whether the server's certificate must name the host connected to. The passwords are never printed.
 */
public record TlsSettings(Optional<Path> caFile, Optional<Path> truststore, String truststorePassword,
        String truststoreType, Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> keystore,
        String keystorePassword, String keystoreType, boolean verifyHost) {

    /** The JVM's default trust, no client certificate, host names verified. */
    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), Optional.empty(), null,
            ConfigKeys.DEFAULT_KEYSTORE_TYPE, Optional.empty(), Optional.empty(), Optional.empty(), null,
            ConfigKeys.DEFAULT_KEYSTORE_TYPE, true);

    public boolean hasClientCertificate() {
        return certFile.isPresent() || keystore.isPresent();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TLS trusting ");
        if (caFile.isEmpty() && truststore.isEmpty()) {
            text.append("the JVM's default CAs");
        }
        caFile.ifPresent(file -> text.append("CA file ").append(file));
        truststore.ifPresent(file -> text.append(caFile.isPresent() ? " and " : "").append(truststoreType)
                .append(" trust store ").append(file));
        certFile.ifPresent(file -> text.append(", client certificate ").append(file));
        keystore.ifPresent(file -> text.append(", client certificate from ").append(keystoreType).append(" key store ")
                .append(file));
        return text.append(verifyHost ? ", host names verified" : ", host names NOT verified").toString();
    }
}
