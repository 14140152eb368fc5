package dev.labbook.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLflow's Host and Origin allow-list matching: shell-style wildcards (Python's fnmatch: {@code *},
 * {@code ?}, {@code [seq]}, {@code [!seq]}), case-sensitive; an IPv4-shaped pattern such as
 * {@code 10.*} only matches IPv4 addresses, the default {@code fc00:*}/{@code fd00:*} only IPv6 ones.
 */
final class HostPatterns {
    private static final List<String> LOCALHOST = List.of("localhost", "127.0.0.1", "[::1]", "0.0.0.0");
    private static final List<String> PRIVATE_IPV6 = List.of("fc00:*", "fd00:*");
    private static final Pattern IPV4_PREFIX_GLOB =
            Pattern.compile("(?:[0-9]+\\.)+\\*(?:\\.(?:[0-9]+|\\*))*(?::[0-9*]+)?");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private HostPatterns() {
    }

    /** Localhost on any port, and the private address ranges of RFC 1918 and RFC 4193. */
    static List<String> defaults() {
        List<String> hosts = new ArrayList<>(LOCALHOST);
        for (String host : LOCALHOST) {
            hosts.add(host.startsWith("[") ? host.replaceFirst("\\[", "[[]") + ":*" : host + ":*");
        }
        hosts.add("192.168.*");
        hosts.add("10.*");
        for (int i = 16; i < 32; i++) {
            hosts.add("172." + i + ".*");
        }
        hosts.addAll(PRIVATE_IPV6);
        return List.copyOf(hosts);
    }

    static boolean hostAllowed(List<String> allowed, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (allowed.contains("*")) {
            return true;
        }
        for (String pattern : allowed) {
            if (pattern.contains("*") ? matchesHostPattern(host, pattern) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesHostPattern(String host, String pattern) {
        if (!fnmatch(host, pattern)) {
            return false;
        }
        if (IPV4_PREFIX_GLOB.matcher(pattern).matches()) {
            int colon = host.indexOf(':');
            return isIpv4(colon < 0 ? host : host.substring(0, colon));
        }
        if (PRIVATE_IPV6.contains(pattern)) {
            return isIpv6(host);
        }
        return true;
    }

    static boolean fnmatch(String text, String pattern) {
        return Pattern.compile(translate(pattern), Pattern.DOTALL).matcher(text).matches();
    }

    /** Python's fnmatch.translate, enough of it for host and origin patterns. */
    private static String translate(String pattern) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i++);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < pattern.length() && pattern.charAt(j) == '!') {
                    j++;
                }
                if (j < pattern.length() && pattern.charAt(j) == ']') {
                    j++;
                }
                while (j < pattern.length() && pattern.charAt(j) != ']') {
                    j++;
                }
                if (j >= pattern.length()) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i, j);
                    boolean negated = set.startsWith("!");
                    if (negated) {
                        set = set.substring(1);
                    }
                    regex.append(negated ? "[^" : "[");
                    for (char s : set.toCharArray()) {
                        regex.append(s == '-' || Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s);
                    }
                    regex.append(']');
                    i = j + 1;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    static boolean isIpv4(String host) {
        if (!IPV4.matcher(host).matches()) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A bare IPv6 literal without a zone id ({@code fc00::1%evil.com} is not one). */
    static boolean isIpv6(String host) {
        if (host.contains("%") || !host.contains(":")) {
            return false;
        }
        String text = host;
        int groups = 0;
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!isIpv4(tail)) {
                return false;
            }
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] parts = gap >= 0
                ? (text.substring(0, gap) + (gap > 0 && gap + 2 < text.length() ? ":" : "") + text.substring(gap + 2)).split(":", -1)
                : text.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty() && gap >= 0 && parts.length == 1) {
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || !part.matches("[0-9a-fA-F]+")) {
                return false;
            }
            groups++;
        }
        return gap >= 0 ? groups < 8 : groups == 8;
    }
}
