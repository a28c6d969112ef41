package dev.measureme.server.account;

import dev.measureme.core.account.Scope;
import dev.measureme.core.port.AccountStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, in every process (a worker too, so that Spring Boot's default security never applies).
 *
 * <p><b>Two kinds of caller.</b> A person logs in with a password (form login at {@code POST /login}, our own
 * page at {@code /login}) and gets a session cookie; the session lives in the shared session store (the
 * embedded database, or Redis with the distributed profile), so every api replica knows it. An app or a
 * script sends {@code Authorization: Bearer <key>}; the key is checked on every request and never becomes a
 * session. A key has scopes: {@code ingest} for {@code POST /api/v1/events}, {@code read} for {@code GET}s.
 * Managing keys and the account takes a session.
 *
 * <p><b>Browser protections.</b> Requests that a cookie authenticates and that change state carry a CSRF
 * token, read from the {@code XSRF-TOKEN} cookie and sent back in {@code X-XSRF-TOKEN} (DESIGN.md §9);
 * requests with a bearer key carry no cookie and need none. Every answer has a Content-Security-Policy with no
 * inline script, {@code X-Frame-Options: DENY}, {@code nosniff} and a same-origin Referrer-Policy.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    /** Scripts, styles and sockets from our own origin only; nothing framed, no plugins. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return Passwords.encoder();
    }

    @Bean
    AccountUsers accountUsers(AccountStore accounts) {
        return new AccountUsers(accounts);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(AccountStore accounts) {
        return new ApiKeyAuthenticator(accounts);
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ApiKeyAuthenticator keys,
            AccountStore accounts,
            JsonMapper json,
            SecurityProperties properties,
            Clock clock) {
        ErrorWriter errors = new ErrorWriter(json);
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        // A key never starts or ends a session: the session paths keep their CSRF check whatever the headers.
        RequestMatcher bearer = request -> ApiKeyFilter.hasBearer(request)
                && !LoginThrottle.SESSION_STARTS.contains(request.getServletPath())
                && !"/logout".equals(request.getServletPath());
        RequestMatcher ingest =
                request -> "POST".equals(request.getMethod()) && "/api/v1/events".equals(request.getRequestURI());
        String[] readers = {AccountUsers.PERSON, ApiKeyAuthentication.authority(Scope.READ)};
        http.addFilterBefore(
                        new SessionLifetimeFilter(properties.sessionLifetime(), clock),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(
                        new LoginThrottle(accounts, properties, errors, clock),
                        UsernamePasswordAuthenticationFilter.class)
                // Before CSRF, so that a request that skips CSRF for its bearer header has a valid key by then.
                .addFilterBefore(new ApiKeyFilter(keys, errors, clock), CsrfFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // Operations: probes and metrics are read by the platform, not by people.
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/error")
                        .permitAll()
                        // The ingest contract authenticates the key itself and answers 401/403 by the contract.
                        .requestMatchers(HttpMethod.POST, "/api/v1/events")
                        .permitAll()
                        .requestMatchers(
                                "/login",
                                "/login.html",
                                "/login.js",
                                "/session.js",
                                "/shell.js",
                                "/ui.js",
                                "/landing.css",
                                "/favicon.svg",
                                "/favicon.ico")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/session")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/users", "/api/v1/session/guest")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/keys")
                        .hasAuthority(AccountUsers.PERSON)
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyAuthority(readers)
                        .anyRequest()
                        .hasAuthority(AccountUsers.PERSON))
                .formLogin(login -> login.loginPage("/login")
                        .loginProcessingUrl("/login")
                        .successHandler(new LoginAnswers(errors, accounts))
                        .failureHandler(new LoginAnswers(errors, accounts))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .invalidateHttpSession(true)
                        .deleteCookies("SESSION", "JSESSIONID")
                        .logoutSuccessHandler((request, response, authentication) -> response.setStatus(204)))
                // Ingest authenticates by key alone, never by cookie, so a forged request has nothing to ride on.
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers(bearer, ingest))
                // Only a login starts a session (and gives it a new id, Spring Security's default against
                // fixation); an API key authenticates one request and is never saved to a session.
                .sessionManagement(sessions -> sessions.requireExplicitAuthenticationStrategy(true))
                .exceptionHandling(failures -> failures.defaultAuthenticationEntryPointFor(
                                (request, response, e) -> errors.write(
                                        response, 401, "session", "log in, or send an API key with the read scope"),
                                api)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler((request, response, e) -> {
                            if (e instanceof CsrfException) {
                                errors.write(response, 403, "X-XSRF-TOKEN", "missing or wrong CSRF token");
                            } else {
                                errors.write(response, 403, "Authorization", "not allowed for this caller");
                            }
                        }))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                // No saved requests: an unauthenticated request must not create a session (in Redis, at that).
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .httpBasic(basic -> basic.disable());
        return http.build();
    }

    /**
     * Loads the deferred CSRF token on every request, so that the {@code XSRF-TOKEN} cookie is there before
     * the first state-changing request (the login form's included).
     */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE);
    }
}
