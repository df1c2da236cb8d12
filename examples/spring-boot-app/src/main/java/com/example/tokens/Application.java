package com.example.tokens;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The application: two declarative clients of the Symbl API, one on RestClient (group
 * {@code symbl-api}) and one on WebClient (group {@code symbl-reactive}).
 */
@SpringBootApplication
@ImportHttpServices(group = "symbl-api", types = SymblApi.class)
@ImportHttpServices(group = "symbl-reactive", types = ReactiveSymblApi.class, clientType = ClientType.WEB_CLIENT)
public class Application {

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
