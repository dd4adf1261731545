package dev.remise.k2v;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayK2vConfiguration {
  @Bean
  ServletRegistrationBean<K2vNotImplementedServlet> k2vServlet() {
    var registration = new ServletRegistrationBean<>(new K2vNotImplementedServlet(), "/*");
    registration.setName("k2v");
    return registration;
  }
}
