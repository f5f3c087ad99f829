"""Industrial promotion: service catalog and requests, demand, joint visits planned with
engines.routing, funds and training, projects with staff and consultants."""
