package io.pvepanel.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Which address a request comes from, whatever its headers claim (hole 3 of issue #13). */
class ClientAddressTests {

  static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/8"));

  @Test
  void forwardingHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
    HttpHeaders h = new HttpHeaders();
    h.add("X-Forwarded-For", "1.2.3.4");
    h.add("Forwarded", "for=5.6.7.8");
    assertThat(ClientAddress.resolve(InetAddress.getByName("198.51.100.9"), h, PROXIES))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void theRightMostUntrustedHopIsTheClient() throws Exception {
    HttpHeaders h = new HttpHeaders();
    h.add("X-Forwarded-For", "1.2.3.4, 203.0.113.7, 10.1.1.1");
    assertThat(ClientAddress.resolve(InetAddress.getByName("10.0.0.2"), h, PROXIES))
        .isEqualTo("203.0.113.7");
    HttpHeaders f = new HttpHeaders();
    f.add("Forwarded", "for=1.2.3.4, for=\"[2001:db8:aa:bb::1]:4711\";proto=https");
    assertThat(ClientAddress.resolve(InetAddress.getByName("10.0.0.2"), f, PROXIES))
        .isEqualTo("2001:db8:aa:bb::/64");
  }

  @Test
  void namesAreNeverLookedUpAndStopTheWalk() throws Exception {
    HttpHeaders h = new HttpHeaders();
    h.add("X-Forwarded-For", "1.2.3.4, evil.example.test");
    assertThat(ClientAddress.resolve(InetAddress.getByName("10.0.0.2"), h, PROXIES))
        .isEqualTo("10.0.0.2");
  }

  @Test
  void anIpv6ClientIsKeyedByItsSlash64() throws Exception {
    assertThat(ClientAddress.key(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
        .isEqualTo(ClientAddress.key(InetAddress.getByName("2001:db8:1:2:bbbb::99")));
  }
}
