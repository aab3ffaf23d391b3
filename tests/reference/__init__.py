"""Reports of reference engines recorded once, where running them inside the suite takes too long."""
