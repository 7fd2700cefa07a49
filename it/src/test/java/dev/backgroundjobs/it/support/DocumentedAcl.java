package dev.backgroundjobs.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The ACL rule as the README's "TLS and ACL" section documents it, in both of its forms (an ACL SETUSER command and
 * a users.acl line), for the default namespace and the placeholder password: the test runs with exactly that user.
 */
public final class DocumentedAcl {

    public static final String USER = "background-jobs";
    /** What the README adds to the rule for a Redis Cluster: the client reads the cluster's slots. */
    public static final String CLUSTER_ADDITION = "+cluster|slots";
    private static final String PASSWORD_PLACEHOLDER = ">CHANGE-ME";
    private static final String DOCUMENTED_KEYS = "~resque:*";

    private final String setUser;
    private final String usersAclLine;

    private DocumentedAcl(String setUser, String usersAclLine) {
        this.setUser = setUser;
        this.usersAclLine = usersAclLine;
    }

    public static DocumentedAcl fromReadme(Path readme) throws Exception {
        List<String> lines = Files.readAllLines(readme);
        return new DocumentedAcl(only(lines, "ACL SETUSER " + USER + " "), only(lines, "user " + USER + " "));
    }

    /** The users.acl line for this namespace and password. */
    public String usersAclLine(String namespace, String password) {
        return forUse(usersAclLine, namespace, password);
    }

    /** The arguments after ACL of the documented SETUSER command, for this namespace and password, naming another user. */
    public String[] setUserArguments(String user, String namespace, String password) {
        String[] words = forUse(setUser, namespace, password).split(" ");
        words[2] = user;
        return Arrays.copyOfRange(words, 1, words.length);
    }

    private static String forUse(String rule, String namespace, String password) {
        if (!rule.contains(" " + PASSWORD_PLACEHOLDER + " ") || !rule.contains(" " + DOCUMENTED_KEYS + " ")) {
            throw new AssertionError("the README's ACL rule lacks " + PASSWORD_PLACEHOLDER + " or " + DOCUMENTED_KEYS
                    + ": " + rule);
        }
        return rule.replace(" " + PASSWORD_PLACEHOLDER + " ", " >" + password + " ")
                .replace(" " + DOCUMENTED_KEYS + " ", " ~" + namespace + ":* ");
    }

    private static String only(List<String> lines, String start) {
        List<String> found = lines.stream().filter(line -> line.startsWith(start)).toList();
        if (found.size() != 1) {
            throw new AssertionError("the README has " + found.size() + " lines starting '" + start + "', not one");
        }
        return found.get(0).strip();
    }
}
