package io.exposedapp.lbc;

import java.util.regex.Pattern;

/** The shapes of addresses and CIDR blocks LBC and the AWS APIs take, for the lints of every way in. */
public final class Cidrs {

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile("^" + OCTET + "(\\." + OCTET + "){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:]*:[0-9a-fA-F:]*$");

  private Cidrs() {
  }

  public static boolean isIpv4Address(String value) {
    return IPV4.matcher(value).matches();
  }

  /** {@code a.b.c.d/n} with n 0..32, or an IPv6 block {@code x::/n} with n 0..128. */
  public static boolean isCidr(String value) {
    int slash = value.indexOf('/');
    if (slash < 0 || !value.substring(slash + 1).matches("^[0-9]{1,3}$")) {
      return false;
    }
    int bits = Integer.parseInt(value.substring(slash + 1));
    String address = value.substring(0, slash);
    return isIpv4Address(address) ? bits <= 32 : IPV6.matcher(address).matches() && bits <= 128;
  }

  public static boolean isIpv6(String cidr) {
    return cidr.contains(":");
  }
}
