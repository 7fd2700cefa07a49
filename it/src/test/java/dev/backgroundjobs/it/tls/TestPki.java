package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.it.support.LibertyServer;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A self-signed test CA, a server certificate from it for 127.0.0.1 and localhost, a client certificate from it,
 * and a second CA that signed nothing (the wrong one), all made by the JDK's keytool: as PEM files (what Redis and
 * the PEM keys read) and as PKCS12 stores with a password (the store keys).
 */
final class TestPki {

    final Path dir;
    final String storePassword;
    final Path caPem;
    final Path serverPem;
    final Path serverKey;
    final Path clientPem;
    final Path clientKey;
    final Path clientStore;
    final Path wrongCaPem;
    final Path wrongTrustStore;

    private TestPki(Path dir, String storePassword) {
        this.dir = dir;
        this.storePassword = storePassword;
        caPem = dir.resolve("ca.pem");
        serverPem = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientPem = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        clientStore = dir.resolve("client.p12");
        wrongCaPem = dir.resolve("wrong-ca.pem");
        wrongTrustStore = dir.resolve("wrong-trust.p12");
    }

    /** Makes everything anew in {@code dir}, emptied first: keytool refuses to add an alias a store already has. */
    static TestPki make(Path dir, String storePassword) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir, storePassword);
        pki.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=background-jobs test CA", "-ext", "bc:c",
                "-keystore", pki.store("ca"));
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.store("ca"), "-file", pki.caPem.toString());
        pki.signed("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth", pki.serverPem,
                pki.serverKey);
        pki.signed("client", "CN=background-jobs worker", "san=dns:background-jobs", "eku=clientAuth", pki.clientPem,
                pki.clientKey);
        pki.keytool("-genkeypair", "-alias", "wrong", "-dname", "CN=another CA", "-ext", "bc:c", "-keystore",
                pki.store("wrong"));
        pki.keytool("-exportcert", "-rfc", "-alias", "wrong", "-keystore", pki.store("wrong"), "-file",
                pki.wrongCaPem.toString());
        pki.keytool("-importcert", "-noprompt", "-alias", "wrong-ca", "-file", pki.wrongCaPem.toString(), "-keystore",
                pki.wrongTrustStore.toString());
        return pki;
    }

    /** A key pair in NAME.p12 whose certificate the CA signs (the store then holds the chain), and its PEM files. */
    private void signed(String name, String subject, String names, String usage, Path pem, Path keyPem) throws Exception {
        String store = store(name);
        keytool("-genkeypair", "-alias", name, "-dname", subject, "-keystore", store);
        Path request = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", store("ca"), "-infile", request.toString(), "-outfile",
                pem.toString(), "-ext", names, "-ext", usage, "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", pem.toString(), "-keystore", store);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            keys.load(in, storePassword.toCharArray());
        }
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        keys.getKey(name, storePassword.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", storePassword));
        assertEquals(0, LibertyServer.run(60, command.toArray(String[]::new)), "keytool " + arguments[0]);
    }
}
